package com.marketiger3d.auth.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler that keeps the count of its delayed tasks neither run nor cancelled yet:
 * the timers something still holds, such as a keep-alive's next check.
 */
public final class PendingTimers implements Scheduler {

	private final Scheduler delegate;

	private final Set<Object> pending = ConcurrentHashMap.newKeySet();

	public PendingTimers(Scheduler delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return how many delayed tasks are waiting for their time.
	 */
	public int count() {
		return this.pending.size();
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.delegate.schedule(task);
	}

	@Override
	public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
		Object timer = new Object();
		this.pending.add(timer);
		Disposable scheduled = this.delegate.schedule(() -> {
			this.pending.remove(timer);
			task.run();
		}, delay, unit);
		return new Disposable() {

			@Override
			public void dispose() {
				PendingTimers.this.pending.remove(timer);
				scheduled.dispose();
			}

			@Override
			public boolean isDisposed() {
				return scheduled.isDisposed();
			}

		};
	}

	@Override
	public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
		return this.delegate.schedulePeriodically(task, initialDelay, period, unit);
	}

	@Override
	public long now(TimeUnit unit) {
		return this.delegate.now(unit);
	}

	@Override
	public Worker createWorker() {
		return this.delegate.createWorker();
	}

	@Override
	public void dispose() {
		this.delegate.dispose();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public void init() {
		this.delegate.init();
	}

}
