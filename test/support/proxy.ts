import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { createProxy } from "proxy";
import { generate } from "selfsigned";

/** One request a forward proxy carried: a CONNECT tunnel (`host:port`) or a plain request (absolute URL). */
export interface ProxiedRequest {
  method: string;
  target: string;
}

/**
 * A real forward proxy on loopback (the `proxy` package: CONNECT tunnels and absolute-URL
 * requests), optionally asking for Basic credentials; it records what it carried.
 */
export class ForwardProxy {
  readonly carried: ProxiedRequest[] = [];
  /** Requests refused with 407. */
  refused = 0;

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(credentials?: { user: string; password: string }): Promise<ForwardProxy> {
    const server = createProxy(http.createServer());
    const expected = credentials ? "Basic " + Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64") : undefined;
    // Set once the server listens; the authenticate callback runs only after that.
    const box: { self?: ForwardProxy } = {};
    server.authenticate = (req) => {
      const ok = expected === undefined || req.headers["proxy-authorization"] === expected;
      if (ok) box.self!.carried.push({ method: req.method ?? "", target: req.url ?? "" });
      else box.self!.refused++;
      return ok;
    };
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    box.self = new ForwardProxy(server, (server.address() as AddressInfo).port);
    return box.self;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  reset(): void {
    this.carried.length = 0;
    this.refused = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on: bound, then released. */
export async function deadPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1, and the file a client trusts it through
 * (NODE_EXTRA_CA_CERTS), as a TLS-intercepting proxy's certificate is trusted.
 */
export async function loopbackCertificate(): Promise<{ key: string; cert: string; caFile: string; remove(): void }> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-grants-tls-"));
  const caFile = path.join(dir, "ca.pem");
  fs.writeFileSync(caFile, pems.cert);
  return { key: pems.private, cert: pems.cert, caFile, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
