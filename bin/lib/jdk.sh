# shellcheck shell=bash
# Sourced by cairn's scripts. cairn_select_jdk finds a JDK of version 21 or newer and sets:
#   JAVA_HOME, CAIRN_JAVA (the java executable) and CAIRN_JAVA_VERSION (its feature version, e.g. 25).
# Order: $JAVA_HOME if it is new enough, else `java` on PATH if new enough, else the newest under /usr/lib/jvm.

CAIRN_MIN_JAVA_VERSION=21

# Prints the feature version of the given java executable (8 for 1.8), or nothing if it does not run.
cairn_java_version() {
    local java=$1 spec
    spec=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    spec=${spec#1.}
    spec=${spec%%.*}
    [[ $spec =~ ^[0-9]+$ ]] && printf '%s\n' "$spec"
}

cairn_select_jdk() {
    local candidate version best="" best_version=0 home
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        version=$(cairn_java_version "$JAVA_HOME/bin/java")
        if [[ -n $version ]] && (( version >= CAIRN_MIN_JAVA_VERSION )); then
            CAIRN_JAVA=$JAVA_HOME/bin/java
            CAIRN_JAVA_VERSION=$version
            export JAVA_HOME CAIRN_JAVA CAIRN_JAVA_VERSION
            return 0
        fi
    fi
    if candidate=$(command -v java 2>/dev/null); then
        version=$(cairn_java_version "$candidate")
        if [[ -n $version ]] && (( version >= CAIRN_MIN_JAVA_VERSION )); then
            candidate=$(readlink -f "$candidate")
            JAVA_HOME=$(dirname "$(dirname "$candidate")")
            CAIRN_JAVA=$candidate
            CAIRN_JAVA_VERSION=$version
            export JAVA_HOME CAIRN_JAVA CAIRN_JAVA_VERSION
            return 0
        fi
    fi
    for home in /usr/lib/jvm/*; do
        [[ -x $home/bin/java && ! -L $home ]] || continue
        version=$(cairn_java_version "$home/bin/java")
        if [[ -n $version ]] && (( version >= CAIRN_MIN_JAVA_VERSION && version > best_version )); then
            best=$home
            best_version=$version
        fi
    done
    if [[ -n $best ]]; then
        JAVA_HOME=$best
        CAIRN_JAVA=$best/bin/java
        CAIRN_JAVA_VERSION=$best_version
        export JAVA_HOME CAIRN_JAVA CAIRN_JAVA_VERSION
        return 0
    fi
    echo "cairn: no JDK ${CAIRN_MIN_JAVA_VERSION} or newer found (checked \$JAVA_HOME=${JAVA_HOME:-<unset>}, java on PATH and /usr/lib/jvm/*); install one or point JAVA_HOME at it" >&2
    return 1
}
