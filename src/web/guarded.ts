// Whether clients must authenticate: the default of POST /-/reload depends on it.
import type { LoadedWebConfig } from './load.js';

/**
 * Whether the web config makes every client prove who it is (a basic-auth user, or a client
 * certificate verified against the CA). Only then is POST /-/reload on by default: unguarded,
 * anyone who can reach the port could make vigil re-read its config at will.
 */
export function guardsClients(web: LoadedWebConfig | undefined): boolean {
  if (!web) return false;
  if (Object.keys(web.config.basic_auth_users ?? {}).length > 0) return true;
  return web.config.tls_server_config?.client_auth_type === 'RequireAndVerifyClientCert';
}
