package io.chronik.console.rest;

import io.chronik.console.auth.ConsoleUser;
import io.chronik.console.auth.UserDirectory;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.UnauthorizedResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Runs before every request under {@code /api/}, matched or not, and decides who is calling:
 * <ol>
 *   <li>An {@code Authorization: Basic} header is checked against the {@link UserDirectory}; wrong
 *       credentials answer 401 even if the request also carries a signed-in session.</li>
 *   <li>Without that header, a reading request (GET, HEAD) may ride on the session of a user signed in
 *       to the UI. Writes need the header: a cookie alone never authorizes a change, so a cross-site
 *       form cannot act with an admin's session.</li>
 *   <li>Anyone else gets 401 with a {@code WWW-Authenticate} challenge; a {@code viewer} attempting
 *       any method other than GET or HEAD gets 403.</li>
 * </ol>
 * Unknown paths are checked too, so anonymous callers cannot probe which paths exist.
 *
 * <p>Thread-safe: runs on Jetty's request threads and holds no mutable state.
 */
final class ApiAuthenticator implements Handler {

    static final String CHALLENGE = "Basic realm=\"Chronik\", charset=\"UTF-8\"";
    private static final String BASIC = "Basic ";

    private final UserDirectory users;

    ApiAuthenticator(UserDirectory users) {
        this.users = users;
    }

    @Override
    public void handle(Context ctx) {
        boolean read = isRead(ctx.method());
        Optional<String> header = Optional.ofNullable(ctx.header(Header.AUTHORIZATION));
        ConsoleUser user;
        if (header.isPresent()) {
            user = fromBasic(header.get()).orElseThrow(() -> unauthorized(ctx, "invalid credentials"));
        } else if (read) {
            user = fromSession(ctx).orElseThrow(() -> unauthorized(ctx, "authentication required"));
        } else {
            throw unauthorized(ctx, "changes need HTTP Basic credentials");
        }
        if (!read && !user.role().mayWrite()) {
            throw new ForbiddenResponse("user '" + user.name() + "' has role " + user.role().configName()
                    + "; changes need role admin");
        }
    }

    private static boolean isRead(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD;
    }

    private Optional<ConsoleUser> fromBasic(String header) {
        if (!header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(BASIC.length()).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        char[] chars;
        try {
            CharBuffer buffer = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            chars = Arrays.copyOf(buffer.array(), buffer.limit());
            Arrays.fill(buffer.array(), '\0');
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        try {
            int colon = indexOf(chars, ':');
            if (colon < 0) {
                return Optional.empty();
            }
            char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
            try {
                return users.authenticate(new String(chars, 0, colon), password);
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static Optional<ConsoleUser> fromSession(Context ctx) {
        HttpSession session = ctx.req().getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        return session.getAttribute(ConsoleUser.SESSION_ATTRIBUTE) instanceof ConsoleUser user
                ? Optional.of(user) : Optional.empty();
    }

    private static UnauthorizedResponse unauthorized(Context ctx, String message) {
        ctx.header(Header.WWW_AUTHENTICATE, CHALLENGE);
        return new UnauthorizedResponse(message);
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
