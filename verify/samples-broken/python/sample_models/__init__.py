"""Hand-written sample in the layout specsmith generates (verify/samples)."""

from .models import Pet, PetStatus

__all__ = ["Pet", "PetStatus"]
