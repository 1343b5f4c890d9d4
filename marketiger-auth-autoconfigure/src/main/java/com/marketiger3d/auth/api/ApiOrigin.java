package com.marketiger3d.auth.api;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The API's base URL seen as an origin: which requests may carry its token, and which
 * paths are the two auth endpoints that must never carry one.
 *
 * @since 0.1.0
 */
public final class ApiOrigin {

	static final String LOGIN_PATH = "/Auth/Login";

	static final String REFRESH_PATH = "/Auth/RefreshToken";

	private final URI baseUrl;

	private final String scheme;

	private final String host;

	private final int port;

	/** The port of a URL of our scheme that names none. */
	private final int defaultPort;

	private final String loginPath;

	private final String refreshPath;

	private ApiOrigin(URI baseUrl) {
		this.baseUrl = baseUrl;
		this.scheme = Objects.requireNonNull(baseUrl.getScheme(), "base URL needs a scheme").toLowerCase(Locale.ROOT);
		this.host = Objects.requireNonNull(baseUrl.getHost(), "base URL needs a host").toLowerCase(Locale.ROOT);
		this.port = effectivePort(this.scheme, baseUrl.getPort());
		this.defaultPort = effectivePort(this.scheme, -1);
		String rawBasePath = (baseUrl.getRawPath() != null) ? baseUrl.getRawPath() : "";
		// Normalized as request paths are, so that the two still compare equal.
		// Case is kept as written: equalsIgnoreCase below compares char by char,
		// while lower-casing first can change a path's length (U+0130 becomes two
		// chars) and so its match.
		String basePath = stripTrailingSlash(AuthEndpointPath.normalize(rawBasePath));
		this.loginPath = basePath + LOGIN_PATH;
		this.refreshPath = basePath + REFRESH_PATH;
	}

	/**
	 * Create the origin of a base URL such as {@code https://devapi.marketiger3d.com/v2}.
	 * @param baseUrl an absolute http or https URL
	 * @return the origin
	 */
	public static ApiOrigin of(URI baseUrl) {
		return new ApiOrigin(baseUrl);
	}

	/**
	 * Give the base URL this origin was made from.
	 * @return the base URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return whether a request to this URL should carry the API's bearer token: same
	 * scheme, host and port as the base URL, and not one of the auth endpoints.
	 * @param url the request's URL
	 * @return {@code true} to add the token
	 */
	public boolean shouldAuthorize(URI url) {
		return isSameOrigin(url) && !isAuthEndpoint(url);
	}

	/**
	 * Return whether the URL has the base URL's scheme, host and port.
	 * @param url any URL
	 * @return {@code true} when the origins match
	 */
	public boolean isSameOrigin(URI url) {
		String otherScheme = url.getScheme();
		String otherHost = url.getHost();
		if (otherScheme == null || otherHost == null || !sameIgnoringCase(this.scheme, otherScheme)
				|| !sameIgnoringCase(this.host, otherHost)) {
			return false;
		}
		int otherPort = url.getPort();
		return this.port == ((otherPort != -1) ? otherPort : this.defaultPort);
	}

	/**
	 * Schemes and hosts are nearly always written in lower case, as ours are kept: an
	 * exact match answers those for a fraction of what a case-insensitive comparison of
	 * every character costs, on every request.
	 */
	private static boolean sameIgnoringCase(String lowerCase, String other) {
		return lowerCase.equals(other) || lowerCase.equalsIgnoreCase(other);
	}

	/**
	 * Return whether the URL is Login or RefreshToken under the base URL, once its path
	 * is normalized as a server may before routing it: percent-encoded unreserved
	 * characters decoded, {@code ;} parameters dropped, repeated slashes collapsed, dot
	 * segments removed, case ignored.
	 * @param url any URL
	 * @return {@code true} for the two auth endpoints
	 */
	public boolean isAuthEndpoint(URI url) {
		String path = url.getRawPath();
		if (path == null) {
			return false;
		}
		if (isLoginOrRefresh(AuthEndpointPath.normalize(path))) {
			return true;
		}
		// %2F is reserved, so normalize keeps it, as a server that splits the
		// path before decoding it does; one that decodes first reads a slash.
		// Either reading of an auth endpoint withholds the token: sending it to
		// Login costs more than not sending it to an odd path.
		return AuthEndpointPath.hasEncodedSlash(path)
				&& isLoginOrRefresh(AuthEndpointPath.normalize(AuthEndpointPath.decodeEncodedSlashes(path)));
	}

	private boolean isLoginOrRefresh(String normalizedPath) {
		String path = stripTrailingSlash(normalizedPath);
		return path.equalsIgnoreCase(this.loginPath) || path.equalsIgnoreCase(this.refreshPath);
	}

	private static int effectivePort(String scheme, int port) {
		if (port != -1) {
			return port;
		}
		return "https".equals(scheme) ? 443 : 80;
	}

	private static String stripTrailingSlash(String path) {
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	@Override
	public String toString() {
		return "ApiOrigin[" + this.scheme + "://" + this.host + ":" + this.port + "]";
	}

}
