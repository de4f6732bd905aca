// Every grant of grants.yaml becomes one AuthorizedClient (validated against
// schema/grants-file.schema.json; a mistake names the grant and the key).
import * as path from "node:path";
import { authorizedClientsFromFile } from "pulumi-genesys-grants";

const clients = authorizedClientsFromFile(path.join(__dirname, "grants.yaml"));

export const authorized = Object.fromEntries(Object.entries(clients).map(([name, c]) => [name, c.clientName]));
