// Grants as data: each entry of the `grants` config becomes one AuthorizedClient.
// Set them per stack with `pulumi config set --path 'grants[0].scopes[0]' analytics:readonly`, or
// in Pulumi.<stack>.yaml; the defaults live in Pulumi.yaml.
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedClient } from "pulumi-genesys-grants";

interface Grant {
  name: string;
  clientId?: string;
  authorizationUrl?: string;
  scopes: string[];
  roles?: string[];
  onExisting?: "fail" | "adopt";
}

const grants = new pulumi.Config().requireObject<Grant[]>("grants");

// Keyed by resource name: a removed or added grant shows as one key, not as shifted positions.
export const clients = Object.fromEntries(grants.map(({ name, ...args }) => [name, new AuthorizedClient(name, args).clientName]));
