import { faultScenarios } from "./faults";
import { reliabilitySuite } from "./suite";

reliabilitySuite("faults", (r) => describe("faults", () => faultScenarios(r)));
