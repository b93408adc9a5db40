/** Load through the gateway: synthetic patients submit synthetic records and wait for them to be committed. */
package health.datasafe.bench.submit;
