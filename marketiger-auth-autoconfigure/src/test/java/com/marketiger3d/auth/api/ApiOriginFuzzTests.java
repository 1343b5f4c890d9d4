package com.marketiger3d.auth.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the origin and auth-endpoint check, the one decision that
 * keeps the token away from other hosts: for any base URL and any request URL, a token
 * goes only to the base URL's scheme, host and port, never to Login or RefreshToken, nor
 * to any path that a server normalising it would route to one of them, and the check
 * never throws.
 * <p>
 * The first line of an input is the base URL, the rest the request URL. The request URL's
 * characters also choose, one per character of an auth endpoint's path, how that path is
 * disguised (see {@link #disguise}).
 */
class ApiOriginFuzzTests {

	@FuzzTest(maxDuration = "3m")
	void tokenGoesOnlyToTheBaseUrlsOriginAndNeverToAuthEndpoints(FuzzedDataProvider data) {
		String text = data.consumeRemainingAsString();
		int newline = text.indexOf('\n');
		URI base = uri((newline >= 0) ? text.substring(0, newline) : text);
		URI request = uri((newline >= 0) ? text.substring(newline + 1) : "");
		if (base == null || request == null || base.getHost() == null || !isHttp(base.getScheme())) {
			return;
		}
		ApiOrigin origin = ApiOrigin.of(base);

		if (origin.shouldAuthorize(request)) {
			assertThat(request.getScheme()).isEqualToIgnoringCase(base.getScheme());
			assertThat(request.getHost()).isEqualToIgnoringCase(base.getHost());
			assertThat(effectivePort(request)).isEqualTo(effectivePort(base));
			assertThat(origin.isSameOrigin(request)).isTrue();
			assertThat(origin.isAuthEndpoint(request)).isFalse();
		}
		String basePath = (base.getRawPath() != null) ? base.getRawPath().replaceAll("/$", "") : "";
		for (String path : new String[] { "/Auth/Login", "/auth/refreshtoken/", "/AUTH/LOGIN/" }) {
			URI endpoint = uri(base.getScheme() + "://" + base.getRawAuthority() + basePath + path);
			if (endpoint != null) {
				assertThat(origin.shouldAuthorize(endpoint)).as(endpoint.toString()).isFalse();
			}
			URI disguised = uri(base.getScheme() + "://" + base.getRawAuthority() + basePath
					+ disguise(path, (newline >= 0) ? text.substring(newline + 1) : ""));
			if (disguised != null) {
				assertThat(origin.shouldAuthorize(disguised)).as(disguised.toString()).isFalse();
			}
		}
	}

	/**
	 * Rewrite an auth endpoint's path into one that a server would still route to it: by
	 * {@code choices.charAt(i) % 8}, the i-th character stays as it is, is
	 * percent-encoded with upper- or lower-case hex (ALPHA only: unreserved), or a slash
	 * becomes {@code //}, {@code /./}, {@code /x/../}, {@code ;p/} or {@code /%2e/}.
	 */
	private static String disguise(String path, String choices) {
		if (choices.isEmpty()) {
			return path;
		}
		StringBuilder disguised = new StringBuilder();
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			int choice = choices.charAt(i % choices.length()) % 8;
			boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
			String rewritten = switch (choice) {
				case 1 -> letter ? String.format("%%%02X", (int) c) : null;
				case 2 -> letter ? String.format("%%%02x", (int) c) : null;
				case 3 -> (c == '/') ? "//" : null;
				case 4 -> (c == '/') ? "/./" : null;
				case 5 -> (c == '/') ? "/x/../" : null;
				case 6 -> (c == '/' && i > 0) ? ";p/" : null;
				case 7 -> (c == '/') ? "/%2e/" : null;
				default -> null;
			};
			disguised.append((rewritten != null) ? rewritten : String.valueOf(c));
		}
		return disguised.toString();
	}

	private static @Nullable URI uri(String text) {
		try {
			return new URI(text);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static boolean isHttp(@Nullable String scheme) {
		return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
	}

	private static int effectivePort(URI url) {
		if (url.getPort() != -1) {
			return url.getPort();
		}
		return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
	}

}
