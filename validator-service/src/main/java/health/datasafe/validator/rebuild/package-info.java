/** How the validator's state is rebuilt by replaying the decisions it published, checked against the live state. */
package health.datasafe.validator.rebuild;
