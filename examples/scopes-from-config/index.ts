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

export const clients = grants.map(({ name, ...args }) => new AuthorizedClient(name, args).clientName);
