// LWC jest: Salesforce's axe-based accessibility matcher, `await expect(element).toBeAccessible()`.
import { registerSa11yMatcher } from '@sa11y/jest';

registerSa11yMatcher();
