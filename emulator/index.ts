export { startEmulator, buildEmulator, EmulatorOptions, RunningEmulator } from "./server";
export { DEFAULT_SEED_PATH, loadSeedFile, validateSeed, SeedError } from "./seed";
export { OrgSeed, ADMIN_PERMISSIONS } from "./model";
export { FaultSpec } from "./faults";
export { RequestLogEntry } from "./context";
