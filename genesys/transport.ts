import * as http from "node:http";
import * as https from "node:https";
import * as tls from "node:tls";
import axios, { AxiosInstance } from "axios";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { networkError } from "./errors";
import { ProxyRoute } from "./options";

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
  /** The proxy to go through, if any. */
  proxy?: ProxyRoute;
  /** The setting that chose the URL's origin, in the user's words (for messages). */
  originSetting: string;
}

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/**
 * https-proxy-agent checks the tunnelled server's certificate against the host name it sends as
 * SNI, and sends none for an IP address, so Node checks an IP origin (a gateway, the emulator)
 * against "localhost". This checks it against the origin's own host.
 */
class OriginCheckedHttpsProxyAgent<U extends string> extends HttpsProxyAgent<U> {
  connect(req: http.ClientRequest, opts: Parameters<HttpsProxyAgent<U>["connect"]>[1]) {
    const host = opts.host;
    if (opts.secureEndpoint && host && !opts.checkServerIdentity) {
      opts = { ...opts, checkServerIdentity: (_name: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(host, cert) };
    }
    return super.connect(req, opts);
  }
}

/**
 * The only place that touches axios. HTTP statuses come back as values; a failure without a
 * response becomes a GenesysNetworkError that names the origin or the proxy. An AxiosError never
 * escapes: its JSON carries the request headers, Authorization included.
 *
 * Proxies: https-proxy-agent tunnels HTTPS with CONNECT (Proxy-Authorization from the route's
 * login, which never enters a URL), http-proxy-agent sends plain HTTP to the proxy as absolute URLs. Axios's own proxy
 * option stays off: it sends HTTPS requests to the proxy unencrypted instead of tunnelling.
 */
export class Transport {
  private readonly axios: AxiosInstance;
  private readonly direct = { http: new http.Agent(AGENT_OPTIONS), https: new https.Agent(AGENT_OPTIONS) };
  private readonly viaProxy = new Map<string, { http: http.Agent; https: http.Agent }>();

  constructor() {
    this.axios = axios.create({
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      transitional: { clarifyTimeoutError: true },
    });
  }

  private agents(proxy: ProxyRoute | undefined): { http: http.Agent; https: http.Agent } {
    if (!proxy) return this.direct;
    const key = `${proxy.url} ${proxy.login?.username ?? ""}`;
    let agents = this.viaProxy.get(key);
    if (!agents) {
      const login = proxy.login && Buffer.from(`${proxy.login.username}:${proxy.login.password}`).toString("base64");
      const options = login ? { ...AGENT_OPTIONS, headers: { "Proxy-Authorization": `Basic ${login}` } } : AGENT_OPTIONS;
      agents = { http: new HttpProxyAgent(proxy.url, options), https: new OriginCheckedHttpsProxyAgent(proxy.url, options) };
      this.viaProxy.set(key, agents);
    }
    return agents;
  }

  async send(r: RawRequest): Promise<RawResponse> {
    const agents = this.agents(r.proxy);
    try {
      const res = await this.axios.request({
        method: r.method,
        url: r.url,
        headers: r.headers,
        data: r.body,
        timeout: r.timeoutMs,
        responseType: "json",
        httpAgent: agents.http,
        httpsAgent: agents.https,
      });
      return { status: res.status, body: res.data, headers: res.headers as Record<string, unknown> };
    } catch (e) {
      const err = e as { code?: string; message?: string };
      const code = err.code === "ECONNABORTED" ? "ETIMEDOUT" : (err.code ?? "ENETWORK");
      throw networkError(
        { method: r.method, path: r.path, url: r.url, code, timeoutMs: r.timeoutMs, proxy: r.proxy, originSetting: r.originSetting },
        r.secrets,
      );
    }
  }
}
