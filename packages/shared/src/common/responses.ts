import { errorBody, z } from './zod.ts';

/*
 * Building blocks of response schemas. A response schema is what the server may send: Fastify's
 * serializer (fastify-type-provider-zod) encodes every answer with it, so keys it does not name are
 * dropped, and @fastify/swagger documents it. The web types its answers with `JsonOf<typeof schema>`.
 */

/**
 * A moment in time: a Date on the server, an ISO 8601 string in UTC (`2026-11-23T02:00:00.000Z`,
 * what JSON.stringify makes of a Date) on the wire. A codec, so the server hands Dates and the web's
 * type says string.
 */
export const timestamp = z.codec(z.string(), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

/**
 * An integer in an answer. Documented as one, but not checked: when encoding, zod runs a schema
 * with checks twice (a canary pass, then the checks), which made the whole-city tree 5× slower to send.
 */
export const int = z.number().meta({ type: 'integer' });

/** A calendar day as the database gives it: `YYYY-MM-DD`. */
export const day = z.string().meta({ format: 'date' });

/**
 * The JSON a response schema sends: its encoded side (a `timestamp` is a string here, a Date on
 * the server). Not `z.infer`/`z.output`, which is the server's side of a codec.
 */
export type JsonOf<S extends z.ZodType> = z.input<S>;

/** `{ ok: true }`: the answer of an action that returns nothing else. */
export const okDto = z.object({ ok: z.boolean() });

/** `{ id }`: the answer of a create that returns only the new record's id. */
export const createdIdDto = z.object({ id: int });

/** Paging of a list answer; `pageOf(item)` adds the items. */
export const pageMeta = z.object({ total: int, page: int, pageSize: int });
export const pageOf = <T extends z.ZodType>(item: T) => pageMeta.extend({ items: z.array(item) });

/**
 * The error answers of a route, `{ code, message, details? }` for each status given, e.g.
 * `response: { 200: orgDto, ...errorResponses(400, 401, 403, 404) }`.
 */
export function errorResponses<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: typeof errorBody } {
  return Object.fromEntries(statuses.map((s) => [s, errorBody])) as { [K in S[number]]: typeof errorBody };
}

/** The bytes of a file answer: never serialised by Fastify (a Buffer goes out as is), documented as binary. */
export const binaryFile = z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' });

/** A file download (Excel, Word, an attachment) of the given content type(s), for `response: { 200: … }`. */
export function fileResponse(description: string, ...contentTypes: string[]) {
  return { description, content: Object.fromEntries(contentTypes.map((t) => [t, { schema: binaryFile }])) as Record<string, { schema: typeof binaryFile }> };
}
