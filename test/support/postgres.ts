import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A real PostgreSQL server on loopback, for Pulumi's PostgreSQL DIY backend (`postgres://`): the
 * state store two runners of a team share. Its data lives in a temporary folder, its server is
 * this process's child, and `stop` ends it and removes the folder. PostgreSQL refuses to run as
 * root, so under root it runs as the `postgres` user (Debian's `postgresql` package creates it).
 */
export class PostgresServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  /** The server binaries: PG_BINDIR, else the newest of Debian's /usr/lib/postgresql/<version>/bin. */
  static binDir(): string {
    if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
    const root = "/usr/lib/postgresql";
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "postgres"))) : [];
    if (versions.length === 0) {
      throw new Error(
        "no PostgreSQL server binaries: install Debian's postgresql package (apt-get install postgresql; .ci/run does), or set PG_BINDIR to the folder holding initdb and postgres",
      );
    }
    return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], "bin");
  }

  static async start(): Promise<PostgresServer> {
    const bin = PostgresServer.binDir();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-postgres-"));
    const data = path.join(dir, "data");
    const asUser = process.getuid?.() === 0 ? userIds("postgres") : {};
    fs.mkdirSync(data, { mode: 0o700 });
    if (asUser.uid !== undefined) {
      fs.chmodSync(dir, 0o755);
      fs.chownSync(data, asUser.uid, asUser.gid!);
    }
    execFileSync(path.join(bin, "initdb"), ["-D", data, "-U", "pulumi", "--auth=trust", "-E", "UTF8", "--no-sync"], {
      ...asUser,
      stdio: "pipe",
      cwd: dir,
    });
    const port = await freePort();
    const child = spawn(
      path.join(bin, "postgres"),
      ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", data, "-c", "fsync=off", "-c", "full_page_writes=off"],
      {
        ...asUser,
        cwd: dir,
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let log = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on("data", (d) => {
        log += d;
        if (log.includes("database system is ready to accept connections")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`postgres exited (${code}) before accepting connections:\n${log}`)));
    });
    execFileSync(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "pulumi", "pulumi"], { stdio: "pipe" });
    return new PostgresServer(child, dir, `postgres://pulumi@127.0.0.1:${port}/pulumi?sslmode=disable`);
  }

  /** Stops the server (a fast shutdown) and removes its data. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGINT");
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

function userIds(name: string): { uid?: number; gid?: number } {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", name], { encoding: "utf8" })),
      gid: Number(execFileSync("id", ["-g", name], { encoding: "utf8" })),
    };
  } catch {
    throw new Error(
      `PostgreSQL does not run as root, and there is no "${name}" user to run it as: install Debian's postgresql package, or create the user`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
