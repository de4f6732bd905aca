import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as fs from "node:fs";
import * as path from "node:path";
import { userProject, UserProject } from "../../../scripts/lib/user-project";
import { processesWith, untilGone } from "../../support/processes";

/** Whether something accepts connections on loopback `port`. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });

/** Whatever a user starts, the user can stop: killing the command they ran stops the emulator and frees its port. */
describe("the emulator stops with what started it", function () {
  this.timeout(60_000);
  let project: UserProject;
  before(() => {
    // A user's project with the package installed, as npm lays it out: its bin linked in node_modules/.bin.
    project = userProject("emulator-stop-");
    fs.writeFileSync(
      path.join(project.root, "package.json"),
      JSON.stringify({
        name: "user",
        private: true,
        scripts: { emulator: "genesys-emulator" },
        dependencies: { "pulumi-genesys-grants": "*" },
      }),
    );
    fs.mkdirSync(path.join(project.root, "node_modules", ".bin"));
    fs.symlinkSync("../pulumi-genesys-grants/dist/emulator/main.js", path.join(project.root, "node_modules", ".bin", "genesys-emulator"));
  });
  after(() => project?.remove());

  for (const [how, command, args] of [
    ["npx genesys-emulator", "npx", ["--no-install", "genesys-emulator", "--port", "0"]],
    ["npm run emulator", "npm", ["run", "-s", "emulator", "--", "--port", "0"]],
  ] as const) {
    it(`${how} &, then kill $!: no emulator is left and the port is free`, async () => {
      const marker = `GENESYS_EMULATOR_STOP_TEST=${Date.now()}-${Math.random()}`;
      const [name, value] = marker.split("=");
      const started = spawn(command, [...args], {
        cwd: project.root,
        env: { ...process.env, [name]: value },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        started.stdout.on("data", (d) => {
          out += d;
          const m = /^genesys-emulator listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(out);
          if (m) resolve(Number(m[1]));
        });
        started.once("exit", (code) => reject(new Error(`${how} exited (${code}) before listening: ${out}`)));
      });
      assert.ok(await listening(port));
      assert.ok(
        processesWith(marker).some((p) => /genesys-emulator|emulator\/main\.js/.test(p.command)),
        "the emulator runs as a process of its own",
      );
      started.kill("SIGTERM");
      try {
        await untilGone(marker, /./, 20_000);
      } finally {
        // A failing run leaves nothing behind either.
        for (const p of processesWith(marker)) process.kill(p.pid, "SIGKILL");
      }
      assert.equal(await listening(port), false, `port ${port} is still taken`);
    });
  }
});
