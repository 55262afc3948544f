export type { Pet, PetStatus } from "./models";
export { PET_STATUS_VALUES, describePet, isPetStatus } from "./models";
