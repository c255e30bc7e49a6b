package io.chronik.console.rest;

/**
 * The JSON body of every error the REST API answers: {@code {"error": "...", "status": 404}}.
 *
 * @param error  what went wrong, for a person
 * @param status the HTTP status code, repeated for clients that only keep the body
 */
public record ApiError(String error, int status) {
}
