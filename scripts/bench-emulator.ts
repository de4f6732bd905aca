/**
 * The emulator's throughput for GET /api/v2/oauth/authorizations/{id}: the emulator in its own
 * process, a bounded keep-alive load from this one (loopback only, fixed request count).
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import * as path from "node:path";
import * as readline from "node:readline";
import { CLIENTS, DEMO } from "./lib/demo-org";

function request(
  agent: http.Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

export interface Throughput {
  requests: number;
  concurrency: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function emulatorThroughput(total = 20_000, concurrency = 32): Promise<Throughput> {
  const child = spawn(process.execPath, [path.join(__dirname, "..", "emulator", "main.js"), "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { PATH: process.env.PATH },
  });
  try {
    const first = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once("line", resolve));
    const base = first.split(" ").pop()!;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const login = await request(
      agent,
      new URL(base + "/oauth/token"),
      "POST",
      {
        Authorization: "Basic " + Buffer.from(`${DEMO.clientId}:${DEMO.clientSecret}`).toString("base64"),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      "grant_type=client_credentials",
    );
    const token = JSON.parse(login.body).access_token as string;
    const url = new URL(`${base}/api/v2/oauth/authorizations/${CLIENTS.globex}`);
    const headers = { Authorization: `Bearer ${token}` };
    const latencies: number[] = [];
    let sent = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (sent < total) {
          sent++;
          const t = process.hrtime.bigint();
          const r = await request(agent, url, "GET", headers);
          latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          if (r.status !== 200) errors++;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    agent.destroy();
    return {
      requests: latencies.length,
      concurrency,
      seconds: Math.round(seconds * 100) / 100,
      requestsPerSecond: Math.round(latencies.length / seconds),
      p50Ms: Math.round(latencies[Math.floor(latencies.length / 2)] * 100) / 100,
      p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)] * 100) / 100,
      errors,
    };
  } finally {
    child.kill("SIGTERM");
  }
}
