// The schemas describe the wire: every request schema is written as what the
// client sends and every response as what the server sends, so that JSON
// Schema (and the OpenAPI document made from it) says what each field is.
// The contract's types equal the response schemas, and what the server really
// sends parses with them (strictly: no key the contract does not name).
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { LoginInput } from '../src/auth/schema.js';
import { CommentsQuery, CountsQuery, NewComment } from '../src/comments/schema.js';
import type * as C from '../src/contracts.js';
import { BulkChange, QueueQuery, StatusChange, ThreadCorrection } from '../src/moderation/schema.js';
import { BodyEdit, ModeratorReply } from '../src/moderation/authoring/schema.js';
import { AuditQuery } from '../src/moderation/audit/schema.js';
import { BansQuery, NewBan } from '../src/moderation/bans/schema.js';
import { ModeratorChange, ModeratorInvite, NewModerator } from '../src/moderators/schema.js';
import type { ErasureResult as ErasureResultType, PersonalDataExport as ExportType } from '../src/privacy/presenter.js';
import { EraseRequest, ExportRequest } from '../src/privacy/schema.js';
import * as R from '../src/responses.js';
import type { SiteSettings as SiteSettingsType } from '../src/sites/presenter.js';
import { NewSite, NewSiteSettings, SiteSettingsChange, ThreadRef } from '../src/sites/schema.js';
import { aComment, buildModerator, buildSite } from './helpers/factories.js';
import { connected, join, next, startTestServer } from './helpers/server.js';
import { sessionCookie } from './helpers/moderation.js';
import { TEST_PASSWORD } from './helpers/factories.js';

const requests = { NewComment, CommentsQuery, CountsQuery, QueueQuery, StatusChange, BulkChange, ThreadCorrection, LoginInput, ExportRequest, EraseRequest, NewSite, NewModerator, NewBan, BansQuery, SiteSettingsChange, ThreadRef, NewSiteSettings, ModeratorInvite, ModeratorChange, ModeratorReply, BodyEdit, AuditQuery };
const responses = { ...Object.fromEntries(Object.entries(R).filter(([, v]) => v instanceof z.ZodType)), ...Object.fromEntries(Object.entries(R.LiveEvents).map(([k, v]) => [`event ${k}`, v])) } as Record<string, z.ZodType>;

/** Paths of every sub-schema that says nothing about its values: `{}` (or only a description). */
function untyped(schema: unknown, path = '$'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const says = ['type', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', '$ref', 'not'].some((k) => k in s);
  const here = says ? [] : [path];
  const children = [
    ...Object.entries((s.properties as Record<string, unknown>) ?? {}).map(([k, v]) => untyped(v, `${path}.${k}`)),
    ...((s.anyOf as unknown[]) ?? []).map((v, i) => untyped(v, `${path}|${i}`)),
    ...((s.oneOf as unknown[]) ?? []).map((v, i) => untyped(v, `${path}|${i}`)),
    s.items ? untyped(s.items, `${path}[]`) : [],
    // `{}` here only says "other keys allowed" (an error body's extra members): not a field.
    s.additionalProperties && typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length ? untyped(s.additionalProperties, `${path}{}`) : [],
  ].flat();
  return [...here, ...children];
}

describe('JSON Schema of every request and response', () => {
  it.each(Object.entries(requests))('request %s: every field has a type', (_name, schema) => {
    const json = z.toJSONSchema(schema, { io: 'input' });
    expect(untyped(json)).toEqual([]);
    expect(Object.keys((json as { properties?: object }).properties ?? {}).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(responses))('response %s: every field has a type', (_name, schema) => {
    expect(untyped(z.toJSONSchema(schema, { io: 'output' }))).toEqual([]);
  });

  it('says what the client sends: lengths, formats and defaults', () => {
    const comment = z.toJSONSchema(NewComment, { io: 'input' }) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(comment.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 100 });
    expect(comment.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(comment.properties.website).toMatchObject({ anyOf: expect.arrayContaining([expect.objectContaining({ type: 'string', format: 'uri', maxLength: 200 })]) });
    expect(comment.required.sort()).toEqual(['body', 'email', 'name', 'site', 'thread']);
    const query = z.toJSONSchema(CommentsQuery, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> };
    expect(query.properties.sort).toMatchObject({ type: 'string', enum: ['oldest', 'newest', 'best'], default: 'oldest' });
  });

  it("matches the contract's types", () => {
    expectTypeOf<z.output<typeof R.PublicComment>>().toEqualTypeOf<C.PublicComment>();
    expectTypeOf<z.output<typeof R.AuthoredComment>>().toEqualTypeOf<C.AuthoredComment>();
    expectTypeOf<z.output<typeof R.CommentsPage>>().toEqualTypeOf<C.CommentsPage>();
    expectTypeOf<z.output<typeof R.PostedComment>>().toEqualTypeOf<C.PostedComment>();
    expectTypeOf<z.output<typeof R.Counts>>().toEqualTypeOf<C.Counts>();
    expectTypeOf<z.output<typeof R.ModerationComment>>().toEqualTypeOf<C.ModerationComment>();
    expectTypeOf<z.output<typeof R.ModerationQueue>>().toEqualTypeOf<C.ModerationQueue>();
    expectTypeOf<z.output<typeof R.BulkResult>>().toEqualTypeOf<C.BulkResult>();
    expectTypeOf<z.output<typeof R.ModeratorProfile>>().toEqualTypeOf<C.ModeratorProfile>();
    expectTypeOf<z.output<typeof R.Ban>>().toEqualTypeOf<C.Ban>();
    expectTypeOf<z.output<typeof R.BanCreated>>().toEqualTypeOf<C.BanCreated>();
    expectTypeOf<z.output<typeof R.BanList>>().toEqualTypeOf<C.BanList>();
    expectTypeOf<z.output<typeof R.ErrorCode>>().toEqualTypeOf<C.ErrorCode>();
    expectTypeOf<z.output<typeof R.HeldReason>>().toEqualTypeOf<C.HeldReason>();
    expectTypeOf<z.output<(typeof R.LiveEvents)['comment:approved']>>().toEqualTypeOf<C.ApprovedEvent>();
    expectTypeOf<z.output<(typeof R.LiveEvents)['comment:moderated']>>().toEqualTypeOf<C.ModeratedEvent>();
    expectTypeOf<z.output<typeof R.JoinAck>>().toEqualTypeOf<C.JoinAck>();
    expectTypeOf<z.output<typeof R.PersonalDataExport>>().toEqualTypeOf<ExportType>();
    expectTypeOf<z.output<typeof R.ErasureResult>>().toEqualTypeOf<ErasureResultType>();
    expectTypeOf<z.output<typeof R.SiteSettings>['site']>().toEqualTypeOf<SiteSettingsType>();
    expectTypeOf<z.output<typeof R.AuditEntryView>>().toEqualTypeOf<C.AuditEntryView>();
    expectTypeOf<z.output<typeof R.ManagedModerator>>().toEqualTypeOf<C.ManagedModerator>();
    expectTypeOf<z.output<typeof R.ModeratorCreated>>().toEqualTypeOf<C.ModeratorCreated>();
    expectTypeOf<z.output<(typeof R.LiveEvents)['comment:edited']>>().toEqualTypeOf<Parameters<C.ServerToClientEvents['comment:edited']>[0]>();
  });
});

describe('what the server sends parses with the response schemas', () => {
  let s: Awaited<ReturnType<typeof startTestServer>>;
  let site: string;
  let cookie: string;
  const from = (path: string) => s.api.post(path).set('Origin', s.origin).set('Cookie', cookie);
  beforeAll(async () => {
    s = await startTestServer();
    site = (await buildSite(s.db, { mode: 'pre' })).id;
    const m = await buildModerator(s.db, { role: 'admin' });
    cookie = sessionCookie(await s.api.post('/api/auth/login').set('Origin', s.origin).send({ email: m.email, password: TEST_PASSWORD }).expect(200));
  });
  afterAll(() => s.close());

  it('over HTTP and sockets alike', async () => {
    const reader = s.socket('/');
    await connected(reader);
    R.JoinAck.parse(await join(reader, { site, thread: 'wire' }));
    const moderator = s.socket('/moderation', { Origin: s.origin, Cookie: cookie });
    await connected(moderator);
    const created = next(moderator, 'comment:created');

    const posted = R.PostedComment.parse((await s.api.post('/api/comments').send(aComment({ site, thread: 'wire', website: 'https://w.example' })).expect(201)).body);
    R.LiveEvents['comment:created'].parse(await created);
    const approved = next(reader, 'comment:approved');
    const moderated = next(moderator, 'comment:moderated');
    R.ModerationComment.parse((await from(`/api/moderation/comments/${posted.comment.id}/status`).send({ status: 'approved' }).expect(200)).body);
    R.LiveEvents['comment:approved'].parse(await approved);
    R.LiveEvents['comment:moderated'].parse(await moderated);

    R.CommentsPage.parse((await s.api.get('/api/comments').query({ site, thread: 'wire' }).expect(200)).body);
    R.CommentsPage.parse((await s.api.get('/api/comments').query({ site, thread: 'wire' }).set('X-Parley-Author', posted.authorToken).expect(200)).body);
    R.FormToken.parse((await s.api.get('/api/form-token').query({ site }).expect(200)).body);
    R.Counts.parse((await s.api.get('/api/counts').query({ site, thread: ['wire', 'none'] }).expect(200)).body);
    R.ModerationQueue.parse((await s.api.get('/api/moderation/comments?status=approved').set('Cookie', cookie).expect(200)).body);
    R.ModerationSites.parse((await s.api.get('/api/moderation/sites').set('Cookie', cookie).expect(200)).body);
    R.SignedIn.parse((await s.api.get('/api/auth/me').set('Cookie', cookie).expect(200)).body);
    R.BulkResult.parse((await from('/api/moderation/comments/bulk').send({ ids: [posted.comment.id, '01900000-0000-7000-8000-000000000000'], status: 'spam' }).expect(200)).body);
    R.CorrectedThread.parse((await s.api.patch('/api/moderation/threads').set('Origin', s.origin).set('Cookie', cookie).send({ site, thread: 'wire', title: 'Wire' }).expect(200)).body);
    R.BanCreated.parse((await from('/api/moderation/bans').send({ commentId: posted.comment.id, by: ['email', 'ip'] }).expect(201)).body);
    R.BanList.parse((await s.api.get('/api/moderation/bans').set('Cookie', cookie).expect(200)).body);
    R.PersonalDataExport.parse((await from('/api/admin/privacy/export').send({ email: 'nobody@example.com' }).expect(200)).body);
    R.ErasureResult.parse((await from('/api/admin/privacy/erase').send({ email: 'nobody@example.com' }).expect(200)).body);
    R.SiteSettings.parse((await s.api.get(`/api/admin/sites/${site}`).set('Cookie', cookie).expect(200)).body);
    R.SiteSettings.parse((await s.api.patch(`/api/admin/sites/${site}`).set('Origin', s.origin).set('Cookie', cookie).send({ closeAfterDays: 30, webhookUrl: 'https://hooks.example/p' }).expect(200)).body);
    for (const res of [
      await s.api.post('/api/comments').send({ site }).expect(400),
      await s.api.get('/api/comments').query({ site: 'nope', thread: 'x' }).expect(404),
      await s.api.get('/api/moderation/comments').expect(401),
      await from(`/api/moderation/comments/${posted.comment.id}/status`).send({ status: 'approved', from: 'pending' }).expect(409),
    ])
      R.ErrorBody.parse(res.body);
  });
});
