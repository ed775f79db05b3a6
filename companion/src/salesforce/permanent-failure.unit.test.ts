import { describe, expect, it } from 'vitest';
import { SalesforceWriteError } from '../to-salesforce/record-creator.js';
import { isPermanentFailure } from './errors.js';

describe('isPermanentFailure', () => {
  it.each([
    [Object.assign(new Error('x'), { errorCode: 'REQUIRED_FIELD_MISSING' }), true],
    [new SalesforceWriteError('bad email', ['INVALID_EMAIL_ADDRESS']), true],
    // The most severe error decides: a permanent one among transient ones makes the answer permanent.
    [new SalesforceWriteError('mixed', ['INVALID_EMAIL_ADDRESS', 'UNABLE_TO_LOCK_ROW']), true],
    [
      Object.assign(new Error('Multiple errors returned.'), {
        errorCode: 'MULTIPLE_API_ERRORS',
        data: [
          { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' },
          { errorCode: 'STRING_TOO_LONG', message: 'too long', fields: ['Title'] },
        ],
      }),
      true,
    ],
    [
      Object.assign(new Error('Multiple errors returned.'), {
        errorCode: 'MULTIPLE_API_ERRORS',
        data: [
          { errorCode: 'UNABLE_TO_LOCK_ROW', message: 'a' },
          { errorCode: 'SERVER_UNAVAILABLE', message: 'b' },
        ],
      }),
      false,
    ],
    [Object.assign(new Error('x'), { errorCode: 'JSON_PARSER_ERROR' }), true],
    [Object.assign(new Error('x'), { errorCode: 'UNABLE_TO_LOCK_ROW' }), false],
    [Object.assign(new Error('x'), { errorCode: 'REQUEST_LIMIT_EXCEEDED' }), false],
    [new Error('socket hang up'), false],
    [new SalesforceWriteError('none', []), false],
  ])('%s → %s', (err, permanent) => {
    expect(isPermanentFailure(err)).toBe(permanent);
  });
});
