import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

export default {
  ...jestConfig,
  testPathIgnorePatterns: ['/node_modules/', '/companion/', '/scripts/'],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/out'],
  setupFilesAfterEnv: [...(jestConfig.setupFilesAfterEnv ?? []), '<rootDir>/jest.setup.js'],
};
