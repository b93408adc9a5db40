/** The signing and encryption keys the devstack generates once and hands to the services, and the ledger's genesis. */
package health.datasafe.devstack.keys;
