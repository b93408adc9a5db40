# Sourced by ./dsh-devstack, ./dsh-verify and .ci/run: finds a JDK 21 or newer, whatever `java` on the PATH is.
#   use_jdk_21_or_newer NAME   exports JAVA_HOME as such a JDK: JAVA_HOME when it is one, else the first in
#                              /usr/lib/jvm/*, else the one of `java` on the PATH; when there is none, says so
#                              (as NAME) on stderr and returns 1.
#   java_major JAVA            the major version of the java program JAVA (17, 21, 25)

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

jdk_21_or_newer() {
  [ -x "$1/bin/java" ] && [ "$(java_major "$1/bin/java")" -ge 21 ] 2>/dev/null
}

use_jdk_21_or_newer() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_21_or_newer "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi
  local found="" candidate on_path
  for candidate in /usr/lib/jvm/*; do
    if jdk_21_or_newer "$candidate"; then found="$candidate"; break; fi
  done
  if [ -z "$found" ] && command -v java >/dev/null 2>&1; then
    on_path="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2}')"
    if [ -n "$on_path" ] && jdk_21_or_newer "$on_path"; then found="$on_path"; fi
  fi
  if [ -z "$found" ]; then
    echo "$1 needs a JDK 21 or newer and found none (JAVA_HOME, /usr/lib/jvm/*, java on the PATH): install one and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$found"
}
