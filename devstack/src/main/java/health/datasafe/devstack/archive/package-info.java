/** Class-data archives (the JDK's AOT cache, or dynamic CDS) that keep the service JVMs quick to start with C2 on. */
package health.datasafe.devstack.archive;
