import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as net from "node:net";
import * as fs from "node:fs";
import * as path from "node:path";
import { userProject, UserProject } from "../../../scripts/lib/user-project";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
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

/** docs/real-org.md's "Using the emulator in your own CI" block, run as written in a user's project. */
describe("docs/real-org.md: the emulator in your own CI, as written", function () {
  this.timeout(60_000);
  it("starts the emulator with the environment's client, doctor passes against it, and kill stops it", async () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "real-org.md"), "utf8");
    const section = doc.slice(doc.indexOf("## Using the emulator in your own CI"));
    const block = /```sh\n([^]*?)```/.exec(section)?.[1];
    assert.ok(block, "the section has a shell block");
    const project = userProject("emulator-ci-");
    fs.mkdirSync(path.join(project.root, "node_modules", ".bin"));
    for (const [bin, target] of [
      ["genesys-emulator", "dist/emulator/main.js"],
      ["genesys-grants", "dist/cli/main.js"],
    ])
      fs.symlinkSync(`../pulumi-genesys-grants/${target}`, path.join(project.root, "node_modules", ".bin", bin));
    fs.writeFileSync(path.join(project.root, "package.json"), JSON.stringify({ name: "user", private: true }));
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const marker = `GENESYS_EMULATOR_CI_DOC=${Date.now()}`;
    const [name, value] = marker.split("=");
    try {
      const r = spawnSync("bash", ["-e", "-c", block.replaceAll("8787", String(port))], {
        cwd: project.root,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: project.root, [name]: value },
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /✔ login: client credentials at http:\/\/127\.0\.0\.1:\d+/);
      assert.match(r.stdout, /✔ permission oauth:client:authorize/);
      await untilGone(marker, /./, 20_000);
    } finally {
      for (const p of processesWith(marker)) process.kill(p.pid, "SIGKILL");
      project.remove();
    }
  });
});
