package com.marketiger3d.auth.api;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalizes a raw URL path the way a server or proxy may before routing it, so that
 * {@link ApiOrigin#isAuthEndpoint} sees Login and RefreshToken behind
 * {@code /v2//Auth/Login}, {@code /v2/%41uth/Login}, {@code /v2/Auth/Login;x},
 * {@code /v2/./Auth/Login} or {@code /v2/x/../Auth/Login}, which would otherwise carry
 * the token to them. Only the comparison uses the result; the request is sent as written.
 * <p>
 * Never throws: a malformed escape stays as it is.
 */
final class AuthEndpointPath {

	private AuthEndpointPath() {
	}

	/**
	 * Decode the percent-encoded unreserved characters (RFC 3986 2.3), drop each
	 * segment's {@code ;} parameters, collapse repeated slashes and remove dot segments
	 * (RFC 3986 5.2.4). Reserved characters stay encoded: {@code %2F} is no slash here.
	 * @param rawPath a URL's raw path
	 * @return the normalized path, {@code rawPath} itself when there is nothing to do
	 */
	static String normalize(String rawPath) {
		if (isNormal(rawPath)) {
			return rawPath;
		}
		Deque<String> segments = new ArrayDeque<>();
		boolean trailingSlash = false;
		for (String segment : decodeUnreserved(rawPath).split("/", -1)) {
			int parameters = segment.indexOf(';');
			String name = (parameters >= 0) ? segment.substring(0, parameters) : segment;
			if (name.equals("..")) {
				segments.pollLast();
			}
			else if (!name.isEmpty() && !name.equals(".")) {
				segments.addLast(name);
			}
			trailingSlash = name.isEmpty() || name.equals(".") || name.equals("..");
		}
		String path = String.join("/", segments);
		String lead = rawPath.startsWith("/") ? "/" : "";
		return (trailingSlash && !segments.isEmpty()) ? lead + path + "/" : lead + path;
	}

	/**
	 * Return whether the path holds an encoded slash ({@code %2F}, any case).
	 * @param rawPath a URL's raw path
	 * @return {@code true} when {@link #decodeEncodedSlashes} would change it
	 */
	static boolean hasEncodedSlash(String rawPath) {
		for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
			if (isEncodedSlash(rawPath, i)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Read every {@code %2F} as a slash, as a server that decodes the path before
	 * splitting it does.
	 * @param rawPath a URL's raw path
	 * @return the path with its encoded slashes decoded
	 */
	static String decodeEncodedSlashes(String rawPath) {
		StringBuilder decoded = new StringBuilder(rawPath.length());
		for (int i = 0; i < rawPath.length(); i++) {
			if (isEncodedSlash(rawPath, i)) {
				decoded.append('/');
				i += 2;
			}
			else {
				decoded.append(rawPath.charAt(i));
			}
		}
		return decoded.toString();
	}

	/**
	 * Nearly every path has no escape, parameter, empty segment or dot segment: answer it
	 * without allocating, on every request.
	 */
	private static boolean isNormal(String path) {
		char previous = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean segmentStart = i == 0 || previous == '/';
			if (c == '%' || c == ';' || (previous == '/' && c == '/') || (segmentStart && c == '.')) {
				return false;
			}
			previous = c;
		}
		return true;
	}

	private static String decodeUnreserved(String path) {
		StringBuilder decoded = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			int value = (c == '%' && i + 2 < path.length()) ? hexPair(path, i + 1) : -1;
			if (value != -1 && isUnreserved((char) value)) {
				decoded.append((char) value);
				i += 2;
			}
			else {
				decoded.append(c);
			}
		}
		return decoded.toString();
	}

	private static boolean isEncodedSlash(String path, int i) {
		return path.charAt(i) == '%' && i + 2 < path.length() && hexPair(path, i + 1) == '/';
	}

	/** The byte two hex digits at {@code i} stand for, or -1 when they are none. */
	private static int hexPair(String path, int i) {
		int high = hexDigit(path.charAt(i));
		int low = hexDigit(path.charAt(i + 1));
		return (high != -1 && low != -1) ? high * 16 + low : -1;
	}

	/** ASCII only: {@link Character#digit} would also take, say, a fullwidth digit. */
	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return -1;
	}

	private static boolean isUnreserved(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
