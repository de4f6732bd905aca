import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosInstance } from "axios";
import { networkError } from "./errors";

export interface RawResponse {
  status: number;
  body: unknown;
  headers: Record<string, unknown>;
}

export interface RawRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  secrets: string[];
}

/**
 * The only place that touches axios. HTTP statuses come back as values; a failure without a
 * response becomes a GenesysNetworkError. An AxiosError never escapes: its JSON carries the
 * request headers, Authorization included.
 */
export class Transport {
  private readonly axios: AxiosInstance;

  constructor() {
    this.axios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 64 }),
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      transitional: { clarifyTimeoutError: true },
    });
  }

  async send(r: RawRequest): Promise<RawResponse> {
    try {
      const res = await this.axios.request({
        method: r.method,
        url: r.url,
        headers: r.headers,
        data: r.body,
        timeout: r.timeoutMs,
        responseType: "json",
      });
      return { status: res.status, body: res.data, headers: res.headers as Record<string, unknown> };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      const code = err.code === "ECONNABORTED" ? "ETIMEDOUT" : err.code ?? "ENETWORK";
      const detail = code === "ETIMEDOUT" ? `no answer within ${r.timeoutMs} ms` : "";
      throw networkError(r.method, r.path, code, detail, r.secrets);
    }
  }
}
