package com.marketiger3d.demo.peruser;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One person's browser on the running demo: keeps its cookies, follows no redirect, and
 * sends forms with the CSRF token of the page they are on, as a browser would.
 * <p>
 * This class is thread-safe: concurrent requests share the session cookie.
 */
final class DemoBrowser {

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	/** What browsers send for a page. */
	static final String PAGE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final WebTestClient web;

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	DemoBrowser(WebTestClient web) {
		this.web = web;
	}

	/**
	 * Sign in through the login page.
	 * @param user the demo user
	 * @param password the user's password
	 * @return this browser, signed in
	 */
	DemoBrowser signIn(String user, String password) {
		Page signedIn = submit("/login", "/login", Map.of("username", user, "password", password));
		assertThat(signedIn.status().is3xxRedirection()).as(signedIn.body()).isTrue();
		assertThat(signedIn.location()).hasToString("/");
		return this;
	}

	/**
	 * Open a page, accepting what a browser accepts for one.
	 * @param path the page
	 * @return the answer
	 */
	Page get(String path) {
		return get(path, PAGE);
	}

	/**
	 * Ask for a resource with the given {@code Accept} header, as a script of the page
	 * would.
	 * @param path the resource
	 * @param accept what the request accepts
	 * @return the answer
	 */
	Page get(String path, String accept) {
		return page(this.web.get()
			.uri(path)
			.header(HttpHeaders.ACCEPT, accept)
			.cookies(this::addCookies)
			.exchange()
			.expectBody(String.class)
			.returnResult());
	}

	/**
	 * Open the page with the form, and submit the form with the page's CSRF token.
	 * @param formPage the page that shows the form
	 * @param action where the form is posted
	 * @param fields the fields to fill in
	 * @return the answer to the post
	 */
	Page submit(String formPage, String action, Map<String, String> fields) {
		Page page = get(formPage);
		assertThat(page.status().value()).as(page.body()).isEqualTo(200);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("_csrf", page.csrfToken());
		fields.forEach(form::add);
		return post(action, form);
	}

	/**
	 * Post a form as it is, with no CSRF token unless the fields hold one.
	 * @param action where the form is posted
	 * @param form the fields
	 * @return the answer
	 */
	Page post(String action, MultiValueMap<String, String> form) {
		return page(this.web.post()
			.uri(action)
			.cookies(this::addCookies)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectBody(String.class)
			.returnResult());
	}

	private void addCookies(MultiValueMap<String, String> request) {
		this.cookies.forEach(request::add);
	}

	private Page page(EntityExchangeResult<String> result) {
		for (ResponseCookie cookie : result.getResponseCookies().toSingleValueMap().values()) {
			if (cookie.getMaxAge().isZero()) {
				this.cookies.remove(cookie.getName());
			}
			else {
				this.cookies.put(cookie.getName(), cookie.getValue());
			}
		}
		String body = result.getResponseBody();
		return new Page(result.getStatus(), result.getResponseHeaders().getLocation(), (body != null) ? body : "");
	}

	/**
	 * An answer as the browser got it.
	 *
	 * @param status the status
	 * @param location where a redirect points
	 * @param body the HTML
	 */
	record Page(HttpStatusCode status, @Nullable URI location, String body) {

		String csrfToken() {
			Matcher input = CSRF_INPUT.matcher(this.body);
			assertThat(input.find()).as("a CSRF field in " + this.body).isTrue();
			Matcher value = VALUE.matcher(input.group());
			assertThat(value.find()).isTrue();
			return value.group(1);
		}

		/**
		 * The text of the element with this id, tags removed.
		 * @param id the element's id
		 * @return the text, or {@code null} without such an element
		 */
		@Nullable String text(String id) {
			Matcher element = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</", Pattern.DOTALL)
				.matcher(this.body);
			return element.find() ? element.group(1).trim() : null;
		}

	}

}
