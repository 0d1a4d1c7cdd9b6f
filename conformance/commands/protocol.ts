/**
 * Protocol sequences (contract §1, §1.1, §4): methods that do not exist,
 * bodies that are not a well-formed envelope or not JSON at all, the wrong
 * media type, and uploads that break the upload's own rules, among them one
 * byte past the size limit. The status and `error.type` are compared.
 *
 * @module
 */
import fc from 'fast-check';
import { rojApi } from '../../src/roj/api.ts';
import type { Call, CallAuth } from '../call.ts';
import type { ConformanceConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Pair } from '../pair.ts';
import { type ConformanceCommand, PairCommand } from './base.ts';
import { instanceCall, pickLiveToken, shownRef } from './_instance.ts';

/** Which RPC endpoint a protocol command calls. */
export type Endpoint = 'platform' | 'instance';

/**
 * The call's route and credentials: the platform with the API key, or the
 * instance route with a live token (the platform when the run has none yet).
 *
 * @param model The model.
 * @param options The endpoint and a generated number for the token.
 * @returns The call's route fields, and how a report names them.
 */
function routeFor(
  model: Model,
  options: { endpoint: Endpoint; n: number },
): { route: Pick<Call, 'route' | 'instance' | 'auth' | 'origin'>; shown: string } {
  const token = options.endpoint === 'instance' ? pickLiveToken(model, options.n) : undefined;
  if (!token) return { route: { route: 'platform' }, shown: 'platform' };
  const { route, instance, auth, origin } = instanceCall(model, {
    token,
    method: '',
    input: {},
  });
  return {
    route: { route, instance, auth, ...(origin === undefined ? {} : { origin }) },
    shown: `instance#${model.entities.token[token.index].instance} [${shownRef(token)}]`,
  };
}

const platformMethods: readonly string[] = Object.keys(rojApi.endpoints.platform.methods);
const instanceMethods: readonly string[] = Object.keys(rojApi.endpoints.instance.methods);

/** Names no endpoint has: object internals, near misses of real names, the other endpoint's. */
const unknownNames: readonly string[] = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  'instances',
  'instances.',
  '.list',
  'instances.list ',
  'Instances.list',
  'instances/list',
  'instances.list.list',
  '',
  ' ',
  'createSandbox',
  'instances.create',
];

/** A method the endpoint does not have: 404 `method_not_found` on both. */
export class UnknownMethod extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The endpoint, a token pick for the instance route, and the name.
   */
  constructor(readonly args: { endpoint: Endpoint; n: number; method: string }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `protocol.unknownMethod(${this.args.endpoint}, ${JSON.stringify(this.args.method)})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { route, shown } = routeFor(model, this.args);
    const known = route.route === 'platform' ? platformMethods : instanceMethods;
    // A generated name that happens to be one of the endpoint's own gets a suffix.
    const method = known.includes(this.args.method) ? `${this.args.method}_` : this.args.method;
    this.shown = `protocol.unknownMethod: ${JSON.stringify(method)} @ ${shown}`;
    await pair.exchange(
      { label: 'unknownMethod', ...route, envelope: { method, input: {} } },
      model,
    );
  }
}

/** A body that is not a well-formed envelope, or not sent as JSON. */
export interface MalformedBody {
  /** What is wrong, for reports. */
  name: string;
  /** `Content-Type`, or `null` for none. */
  contentType: string | null;
  /** The body. */
  body: string;
}

const json = 'application/json';
const envelope = (method: string) => JSON.stringify({ method, input: {} });

/**
 * Malformed bodies for a method of the endpoint (contract §1.1, checks 2, 4 and 5): each fails
 * one check, and the first failing check answers.
 *
 * @param method A method of the endpoint that takes `{}`.
 * @returns The bodies.
 */
export function malformedBodies(method: string): MalformedBody[] {
  const good = envelope(method);
  return [
    { name: 'truncated JSON', contentType: json, body: good.slice(0, good.length - 3) },
    { name: 'not JSON', contentType: json, body: 'method=instances.list' },
    { name: 'empty', contentType: json, body: '' },
    { name: 'JSON null', contentType: json, body: 'null' },
    { name: 'JSON string', contentType: json, body: JSON.stringify(good) },
    { name: 'JSON number', contentType: json, body: '42' },
    { name: 'array', contentType: json, body: `[${good}]` },
    { name: 'no method', contentType: json, body: '{"input":{}}' },
    { name: 'method not a string', contentType: json, body: '{"method":7,"input":{}}' },
    { name: 'method null', contentType: json, body: '{"method":null,"input":{}}' },
    { name: 'no input', contentType: json, body: JSON.stringify({ method }) },
    {
      name: 'extra field',
      contentType: json,
      body: JSON.stringify({ method, input: {}, id: 1 }),
    },
    {
      name: 'extra __proto__ field',
      contentType: json,
      body: `{"method":${JSON.stringify(method)},"input":{},"__proto__":{}}`,
    },
    { name: 'charset parameter', contentType: `${json}; charset=utf-8`, body: good },
    { name: 'text/plain', contentType: 'text/plain', body: good },
    { name: 'no content type', contentType: null, body: good },
    { name: 'form', contentType: 'application/x-www-form-urlencoded', body: 'method=x' },
    { name: 'text/plain and not JSON', contentType: 'text/plain', body: 'hello' },
  ];
}

/** An RPC request whose body is malformed or has the wrong media type: status and type compared. */
export class MalformedRequest extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args The endpoint, a token pick for the instance route, and which body.
   */
  constructor(readonly args: { endpoint: Endpoint; n: number; body: number }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `protocol.malformedBody(${this.args.endpoint}, #${this.args.body})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { route, shown } = routeFor(model, this.args);
    const method = route.route === 'platform' ? 'instances.list' : 'listSessions';
    const bodies = malformedBodies(method);
    const body = bodies[this.args.body % bodies.length];
    this.shown = `protocol.malformedBody: ${body.name} @ ${shown}`;
    await pair.exchange({
      // The label picks the rules when a body is well-formed after all (a charset parameter).
      label: method,
      ...route,
      raw: { contentType: body.contentType, body: body.body },
    }, model);
  }
}

/** What is wrong with an upload. */
export type UploadFault = 'oversize' | 'textPlain' | 'json' | 'noBoundary' | 'noContentType';

/**
 * An upload that breaks the upload's rules (contract §4): one byte past the
 * size limit (413), not `multipart/form-data` (415), or multipart without a
 * boundary (400). Nothing is stored, so later calls agree as well.
 */
export class BadUpload extends PairCommand {
  /**
   * Creates the command.
   *
   * @param args What is wrong, and the target's upload limit.
   */
  constructor(readonly args: { fault: UploadFault; limit: number }) {
    super();
  }

  /** @inheritdoc */
  describe(): string {
    return `protocol.upload(${this.args.fault})`;
  }

  /** @inheritdoc */
  async run(model: Model, pair: Pair): Promise<void> {
    const { fault, limit } = this.args;
    const auth: CallAuth = { kind: 'apiKey' };
    const base = { label: 'files.upload', route: 'upload' as const, auth };
    const raw = (contentType: string | null, body: string): Call => ({
      ...base,
      raw: { contentType, body },
    });
    const call: Call = fault === 'oversize'
      ? {
        ...base,
        upload: {
          field: 'file',
          filename: 'big.bin',
          mimeType: 'application/octet-stream',
          size: limit + 1,
        },
      }
      : fault === 'textPlain'
      ? raw('text/plain', 'hello')
      : fault === 'json'
      ? raw(json, '{"file":"hello"}')
      : fault === 'noBoundary'
      ? raw(
        'multipart/form-data',
        '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nhi\r\n--x--\r\n',
      )
      : raw(null, 'hello');
    this.shown = fault === 'oversize'
      ? `protocol.upload: a file of ${limit + 1} B, one past the limit`
      : `protocol.upload: ${fault}`;
    await pair.exchange(call, model);
  }
}

/**
 * The protocol commands.
 *
 * @param config The target's upload limit.
 * @returns The commands.
 */
export function protocolCommands(config: ConformanceConfig): ConformanceCommand[] {
  const limit = config.uploadLimitBytes ?? 25 * 1024 * 1024;
  const endpoint = fc.constantFrom<Endpoint>('platform', 'instance');
  const n = fc.nat(50);
  const methodName = fc.oneof(
    { arbitrary: fc.constantFrom(...unknownNames), weight: 3 },
    {
      arbitrary: fc.stringMatching(/^[a-z][A-Za-z]{0,11}(\.[a-z][A-Za-z]{0,11})?$/),
      weight: 2,
    },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  );
  return [
    {
      name: 'protocol.unknownMethod',
      arbitrary: fc.record({ endpoint, n, method: methodName }).map((args) =>
        new UnknownMethod(args)
      ),
    },
    {
      name: 'protocol.malformedBody',
      arbitrary: fc.record({ endpoint, n, body: fc.nat(100) }).map((args) =>
        new MalformedRequest(args)
      ),
    },
    {
      name: 'protocol.upload',
      arbitrary: fc.constantFrom<UploadFault>('textPlain', 'json', 'noBoundary', 'noContentType')
        .map((fault) => new BadUpload({ fault, limit })),
    },
    {
      name: 'protocol.oversizeUpload',
      // It sends the whole limit and one byte more (25 MiB by default): drawn a few times per
      // 100 sequences, and always oversize, so the limit is checked on every suite run.
      weight: 0.4,
      arbitrary: fc.constant(new BadUpload({ fault: 'oversize', limit })),
    },
  ];
}
