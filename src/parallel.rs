//! Work spread over the cores, results kept in order.

/// `f` over every item on up to one thread per core, the calling thread
/// one of them, the results in the items' order.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    in_parallel_with(items, || (), |(), item| f(item))
}

/// [`in_parallel`] where each worker first makes its own state with `init`
/// (state that is not shared between threads, such as caches), then calls
/// `f` with it on each item it draws.
pub(crate) fn in_parallel_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    in_parallel_on(Who::WithCaller, usize::MAX, items, init, f)
}

/// [`in_parallel`] on at most `workers` threads (fewer when there are fewer
/// cores or items): for work whose items are too small to be worth a
/// thread each.
pub(crate) fn in_parallel_at_most<T: Sync, R: Send>(
    workers: usize,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    in_parallel_on(Who::WithCaller, workers, items, || (), |(), item| f(item))
}

/// [`in_parallel`] on threads started for it, the calling thread waiting:
/// for results that are freed while the run goes on. The allocator hands
/// memory freed on any thread back to the heap of the thread that
/// allocated it. A started thread's heap is taken over by whichever thread
/// next needs memory once it has ended; the calling thread's stays its
/// own, and what is freed there waits for the calling thread to reuse it.
pub(crate) fn in_parallel_apart<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    in_parallel_on(Who::Started, usize::MAX, items, || (), |(), item| f(item))
}

/// Which threads draw the items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Who {
    /// The calling thread and the threads it starts.
    WithCaller,
    /// Only the threads it starts.
    Started,
}

fn in_parallel_on<T: Sync, S, R: Send>(
    who: Who,
    most: usize,
    items: &[T],
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(most)
        .min(items.len());
    if workers == 0 || (workers == 1 && who == Who::WithCaller) {
        let mut state = init();
        return items.iter().map(|item| f(&mut state, item)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Each worker draws the next item until none is left.
    let work = || {
        let mut state = init();
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return out;
            };
            out.push((i, f(&mut state, item)));
        }
    };
    let done: Vec<(usize, R)> = std::thread::scope(|scope| {
        // When the calling thread is one of the workers, one thread fewer
        // starts. Were it to wait idle instead, the scheduler would see its
        // core busy while the threads start, and could put two of them on
        // one core, leaving the one it frees idle.
        let caller = who == Who::WithCaller;
        let handles: Vec<_> = (usize::from(caller)..workers)
            .map(|_| scope.spawn(work))
            .collect();
        let mut done = if caller { work() } else { Vec::new() };
        for h in handles {
            done.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        done
    });
    // Each result moved once into its place (sorting would move large
    // results many times).
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in done {
        slots[i] = Some(r);
    }
    slots.into_iter().flatten().collect()
}

/// [`in_parallel`] over owned items: `f` takes each item by value, so what
/// it is done with is freed as it goes rather than when every item is done.
pub(crate) fn in_parallel_owned<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    // Each slot is taken once, by the one worker that drew its index.
    let slots: Vec<std::sync::Mutex<Option<T>>> = items
        .into_iter()
        .map(|t| std::sync::Mutex::new(Some(t)))
        .collect();
    in_parallel(&slots, |slot| {
        let item = match slot.lock() {
            Ok(mut guard) => guard.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        item.map(&f)
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_items_are_each_used_once_and_come_back_in_order() {
        let items: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let out = in_parallel_owned(items, |s| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s + "!"
        });
        let expected: Vec<String> = (0..1000).map(|i| format!("{i}!")).collect();
        assert_eq!(out, expected);
        assert_eq!(calls.into_inner(), 1000);
    }

    #[test]
    fn apart_draws_every_item_off_the_calling_thread_in_order() {
        let caller = std::thread::current().id();
        let items: Vec<usize> = (0..100).collect();
        let out = in_parallel_apart(&items, |i| (i * 2, std::thread::current().id()));
        let values: Vec<usize> = out.iter().map(|(v, _)| *v).collect();
        assert_eq!(values, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        assert!(out.iter().all(|(_, thread)| *thread != caller));
        assert!(in_parallel_apart(&[] as &[u8], |_| ()).is_empty());
    }
}
