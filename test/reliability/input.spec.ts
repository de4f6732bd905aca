import { accessScenarios } from "./access";
import { badInputScenarios } from "./bad-input";
import { reliabilitySuite } from "./suite";

reliabilitySuite("bad input and access", (r) => {
  describe("bad input", () => badInputScenarios(r));
  describe("access problems", () => accessScenarios(r));
});
