/** Capacity of a running devstack under open-loop load: fixed arrival rates, the highest rate that holds, overload. */
package health.datasafe.bench.capacity;
