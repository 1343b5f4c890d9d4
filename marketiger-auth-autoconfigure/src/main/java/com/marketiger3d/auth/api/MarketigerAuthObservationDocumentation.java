package com.marketiger3d.auth.api;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of marketiger-auth: their names, their default conventions and their
 * low-cardinality keys. None carries a user name, an e-mail, a session key or a token, so
 * each stays bounded and safe to export.
 *
 * @since 0.1.0
 */
public enum MarketigerAuthObservationDocumentation implements ObservationDocumentation {

	/**
	 * One Login call, parent of its {@code http.client.requests} observation.
	 */
	LOGIN {

		@Override
		public String getName() {
			return "marketiger.auth.login";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultLoginObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return AuthCallKeyNames.values();
		}

	},

	/**
	 * One RefreshToken call, parent of its {@code http.client.requests} observation.
	 */
	REFRESH {

		@Override
		public String getName() {
			return "marketiger.auth.refresh";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultRefreshObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return AuthCallKeyNames.values();
		}

	},

	/**
	 * One replay of a request the API answered 401: from the renewal of the token to the
	 * answer of the request sent again. Its timer's count is the number of replays.
	 */
	REPLAY {

		@Override
		public String getName() {
			return "marketiger.auth.replay";
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultReplayObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ReplayKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of {@link #LOGIN} and {@link #REFRESH}.
	 */
	public enum AuthCallKeyNames implements KeyName {

		/**
		 * How the call ended: {@code success}, {@code rejected},
		 * {@code transient-failure}, {@code malformed}, {@code cancelled}, or
		 * {@code unknown} while it runs.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

	/**
	 * Low-cardinality keys of {@link #REPLAY}.
	 */
	public enum ReplayKeyNames implements KeyName {

		/**
		 * How the replay ended: the status class of the answer to the request sent again
		 * ({@code 2xx}, {@code 4xx}, ...), {@code not-replayed} when the renewal gave the
		 * rejected token back (the caller gets the 401), {@code error},
		 * {@code cancelled}, or {@code unknown} while it runs.
		 */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

}
