import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/alowareUtils';

/** One place to show what went wrong, in words an admin can act on. */
export default class AlowareErrorPanel extends LightningElement {
  /** A short sentence shown above the details. */
  @api friendlyMessage = 'Something went wrong.';
  /** One error or a list of errors (Apex, LDS or JS). */
  @api errors;

  get messages() {
    return reduceErrors(this.errors).map((text, index) => ({ key: `m${index}`, text }));
  }
}
