/**
 * Chronik's public API: the node facade that embedders and the console call, its value records and
 * the unchecked exception hierarchy shared by every module. Depends on nothing but the JDK.
 */
module io.chronik.api {
    exports io.chronik.api;
}
