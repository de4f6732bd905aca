import { concurrencyScenario } from "./faults";
import { cancelScenario, crashScenario } from "./crash";
import { reliabilitySuite } from "./suite";

reliabilitySuite("concurrency and a crash", (r) => {
  describe("concurrency", () => concurrencyScenario(r));
  describe("crash", () => {
    crashScenario(r, "answer");
    crashScenario(r, "request");
    cancelScenario(r);
  });
});
