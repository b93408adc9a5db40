/** dsh, a user's client: her key file, her registration with proof of possession, her signed consents, the API calls. */
package health.datasafe.client;
