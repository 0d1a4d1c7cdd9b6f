// The path of the Rool RPC endpoint, alone in its module: the client needs this string and
// nothing else of the API definition (./api.ts), whose route tables would weigh on its bundle.

/** The path of the Rool RPC endpoint under the client's `apiUrl`. */
export const roolRpcPath = '/v1/rpc';
