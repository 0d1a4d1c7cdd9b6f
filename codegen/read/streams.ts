/**
 * Reads the event types of an API definition's server-sent event
 * streams: each stream's `StreamDef<E>` carries `E`, a map from event name to
 * the JSON its `data` line holds. Each data type becomes a named component
 * (its TypeScript name, or `<Stream><Event>Data` for an anonymous type).
 *
 * @module
 */
import type { Node, Type, VariableDeclaration } from 'ts-morph';
import { component, pascal } from './api.ts';
import type { ReadContext } from './context.ts';
import { docsOf } from './jsdoc.ts';

/** An event of a stream, as read from its type map. */
export interface ReadEvent {
  /** The event name, as sent in the `event:` field. */
  name: string;
  /** The map entry's JSDoc. */
  description?: string;
  /** Component name of its `data`. */
  data: string;
}

/** A stream as read from the definition. */
export interface ReadStream {
  /** The stream's name in the definition, e.g. `spaceEvents`. */
  name: string;
  /** Its events, in declaration order. */
  events: ReadEvent[];
}

/**
 * Reads the event types of every stream of an API definition.
 *
 * @param decl The exported variable holding the definition.
 * @param ctx The context; the data components are added to it.
 * @returns The streams, in definition order; empty when there are none.
 */
export function readStreams(decl: VariableDeclaration, ctx: ReadContext): ReadStream[] {
  const streams: ReadStream[] = [];
  for (
    const stream of members(decl.getType().getProperty('streams')?.getTypeAtLocation(decl), decl)
  ) {
    const events = stream.type.getProperty('~types')?.getTypeAtLocation(stream.node)
      .getNonNullableType().getProperty('events')?.getTypeAtLocation(stream.node);
    if (!events || events.getProperties().length === 0) {
      ctx.problems.add(
        stream.node,
        `Stream ${stream.name} declares no events; type it StreamDef<{ eventName: DataType }>`,
      );
      continue;
    }
    streams.push({
      name: stream.name,
      events: members(events, decl).map((event) => {
        const description = docsOf(event.node).description;
        return {
          name: event.name,
          ...(description ? { description } : {}),
          data: component(event.type, {
            fallback: `${pascal(stream.name)}${pascal(event.name)}Data`,
            node: event.node,
            ctx,
          }),
        };
      }),
    });
  }
  return streams;
}

function members(type: Type | undefined, decl: Node) {
  return (type?.getProperties() ?? []).map((symbol) => ({
    name: symbol.getName(),
    type: symbol.getTypeAtLocation(decl),
    node: symbol.getDeclarations()[0] ?? decl,
  }));
}
