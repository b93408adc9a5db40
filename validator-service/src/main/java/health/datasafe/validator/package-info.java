/** The information validator: decides, transaction by transaction in each patient's order, what the ledger may commit. */
package health.datasafe.validator;
