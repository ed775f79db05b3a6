// Errors built by jsforce itself (its HttpApi turns an HTTP answer into the error it throws), read by errors.ts:
// jsforce keeps the body under `err.data`, never on the error's own `fields`.
import { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { describe, expect, it } from 'vitest';
import { apiErrorsOf, failedSave, isPermanentFailure } from './errors.js';

const api = new HttpApi(
  new Connection({ instanceUrl: 'https://example.my.salesforce.com', accessToken: 'unused' }),
  {},
);

/** The error jsforce throws for this answer (no request is made). */
function jsforceError(statusCode: number, body: unknown, contentType = 'application/json'): Promise<Error> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return api.getError({ statusCode, headers: { 'content-type': contentType }, body: text });
}

const tooLong = { message: 'Title: data value too large', errorCode: 'STRING_TOO_LONG', fields: ['Title'] };
const locked = { message: 'unable to obtain exclusive access', errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] };

describe('jsforce errors as jsforce builds them', () => {
  it('one error: jsforce puts the item under err.data; its fields are read from there', async () => {
    const err = await jsforceError(400, [tooLong]);
    expect(err).toMatchObject({ errorCode: 'STRING_TOO_LONG', data: tooLong });
    expect((err as { fields?: unknown }).fields).toBeUndefined();
    expect(apiErrorsOf(err)).toEqual([
      { code: 'STRING_TOO_LONG', message: 'Title: data value too large', fields: ['Title'] },
    ]);
    expect(failedSave(err)).toEqual({ success: false, errors: apiErrorsOf(err) });
    expect(isPermanentFailure(err)).toBe(true);
  });

  it('several errors: MULTIPLE_API_ERRORS with the array under err.data, classified by the most severe', async () => {
    const err = await jsforceError(400, [locked, tooLong]);
    expect(err).toMatchObject({ errorCode: 'MULTIPLE_API_ERRORS', data: [locked, tooLong] });
    expect(apiErrorsOf(err)?.map((e) => [e.code, e.fields])).toEqual([
      ['UNABLE_TO_LOCK_ROW', []],
      ['STRING_TOO_LONG', ['Title']],
    ]);
    expect(isPermanentFailure(err)).toBe(true);
    expect(isPermanentFailure(await jsforceError(400, [locked, { ...locked, message: 'again' }]))).toBe(
      false,
    );
  });

  it('an answer that is not an error body (an HTML 414) keeps jsforce’s ERROR_HTTP_ code', async () => {
    const err = await jsforceError(414, '<html><body>Request-URI Too Large</body></html>', 'text/html');
    expect(err).toMatchObject({ errorCode: 'ERROR_HTTP_414' });
    expect(apiErrorsOf(err)).toEqual([{ code: 'ERROR_HTTP_414', message: expect.any(String) }]);
    expect(isPermanentFailure(err)).toBe(false);
  });
});
