/** Break-glass: a clinician's signed, time-boxed emergency access to a patient's records, with its written reason. */
package health.datasafe.transaction.emergency;
