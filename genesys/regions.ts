/** The public Genesys Cloud regions: key (as the vendor's Terraform provider spells it) → domain. The vendor's internal development and test regions are left out. */
export const REGION_DOMAINS: Readonly<Record<string, string>> = {
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "ca-central-1": "cac1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "eu-central-1": "mypurecloud.de",
  "eu-central-2": "euc2.pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "ap-northeast-1": "mypurecloud.jp",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
};

export const DEFAULT_REGION = "us-east-1";

export interface Endpoints {
  /** Base of the Platform API, e.g. https://api.mypurecloud.com (no trailing slash). */
  apiBase: string;
  /** Base of the login host serving /oauth/token. */
  loginBase: string;
  /** The region's domain when known (used to check authorization URLs). */
  domain?: string;
}

/** Region keys are matched case-insensitively, and `_` is accepted for `-` (the gc CLI's spelling). */
export function normalizeRegion(region: string): string {
  return region.trim().toLowerCase().replace(/_/g, "-");
}

export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(REGION_DOMAINS, normalizeRegion(region));
}

/**
 * The API and login bases for a region, or for an explicit API URL. An `https://api.<domain>`
 * URL logs in at `https://login.<domain>`; any other URL (the emulator, a gateway) serves login
 * from the same base.
 */
export function resolveEndpoints(region: string, apiUrl?: string): Endpoints {
  if (apiUrl) {
    const base = apiUrl.replace(/\/+$/, "");
    const m = /^https:\/\/api\.([^/]+)$/i.exec(base);
    if (m) return { apiBase: base, loginBase: `https://login.${m[1]}`, domain: m[1].toLowerCase() };
    return { apiBase: base, loginBase: base };
  }
  const domain = REGION_DOMAINS[normalizeRegion(region)];
  if (!domain) {
    throw new Error(`unknown Genesys Cloud region "${region}"; use one of: ${Object.keys(REGION_DOMAINS).join(", ")}`);
  }
  return { apiBase: `https://api.${domain}`, loginBase: `https://login.${domain}`, domain };
}
