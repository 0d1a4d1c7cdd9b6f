/**
 * Checks each target answer against the OpenAPI document with Ajv, an
 * implementation independent of the reference mock and of our generated
 * validators, so a schema deviation is caught even where the reference agrees.
 *
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Call, Routes } from './call.ts';
import type { Difference } from './compare.ts';
import type { Exchange } from './side.ts';

type Document = {
  paths: Record<string, { post?: { responses?: Record<string, unknown> } }>;
  components: { schemas: Record<string, unknown> };
};

/** Validates answers against one OpenAPI document. */
export class OpenApiCheck {
  #ajv: Ajv2020;
  #document: Document;
  #routes: Routes;

  /**
   * Compiles the document's schemas.
   *
   * @param document The OpenAPI 3.1 document.
   * @param routes Which document paths the routes are.
   */
  constructor(document: unknown, routes: Routes) {
    this.#document = document as Document;
    this.#routes = routes;
    this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
    this.#ajv.addSchema({ $id: 'api', components: this.#document.components });
  }

  /**
   * The schema differences of one target answer.
   *
   * @param call The call.
   * @param exchange The target's exchange.
   * @returns Differences at `schema…` paths; empty when the answer fits.
   */
  check(call: Call, exchange: Exchange): Difference[] {
    const path = this.#routes[call.route];
    const responses = this.#document.paths[path]?.post?.responses ?? {};
    if (!(String(exchange.status) in responses)) {
      return [{
        path: 'status',
        message: `Status ${exchange.status} is not declared for POST ${path}`,
        target: exchange.status,
      }];
    }
    const name = this.#schemaName(call, exchange.status);
    if (!name) return [];
    const validate = this.#ajv.getSchema(`api#/components/schemas/${name}`);
    if (!validate) return [{ path: 'schema', message: `No schema ${name} in the document` }];
    if (validate(exchange.body)) return [];
    return (validate.errors ?? []).slice(0, 3).map((e) => ({
      path: `schema${e.instancePath.replaceAll('/', '.')}`,
      message: `Breaks ${name}: ${e.message ?? 'invalid'}`,
      target: e.params,
    }));
  }

  #schemaName(call: Call, status: number): string | undefined {
    if (status !== 200) return 'RpcFailure';
    if (call.route === 'upload') return 'UploadFileOutput';
    const method = call.envelope?.method;
    if (!method) return undefined;
    // Named as codegen names them (codegen/read/api.ts `pascal`): endpoint, method, `Success`.
    return `${pascal(call.route)}${pascal(method)}Success`;
  }
}

function pascal(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
