/** An enum schema. */
export type PetStatus = "available" | "sold";

export const PET_STATUS_VALUES: readonly PetStatus[] = ["available", "sold"] as const;

export interface Pet {
  id: number;
  name: string;
  status: PetStatus;
  /** Optional: the property may be absent. */
  tag?: string;
  /** Nullable but required: present, may be null. */
  ownerName: string | null;
}

export function isPetStatus(value: unknown): value is PetStatus {
  return typeof value === "string" && (PET_STATUS_VALUES as readonly string[]).includes(value);
}

export function describePet(pet: Pet): string {
  const owner = pet.ownerName ?? "nobody";
  // BROKEN: "lost" is not a PetStatus.
  const wrong: PetStatus = "lost";
  void wrong;
  return `${pet.name} (${pet.status}) owned by ${owner}${pet.tag !== undefined ? ` #${pet.tag}` : ""}`;
}
