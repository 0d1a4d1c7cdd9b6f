// Where the Roj endpoints are, alone in their module: the clients need these strings and nothing
// else of the API definition (./api.ts), which would weigh on their bundles (the Roj client's
// budget is 3 KB gzipped).

/** The platform RPC endpoint. */
export const platformRpcPath = '/api/v1/rpc';
/** The instance RPC endpoint; `{instanceId}` is filled per client. */
export const instanceRpcPath = '/api/v1/instances/{instanceId}/rpc';
/** The multipart upload of `files.upload`. */
export const uploadPath = '/api/v1/files/upload';
