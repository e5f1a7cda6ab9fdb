# The planner benchmark binary (links the library; see scripts/bench.py).
$(BUILD)/bench-plan: bench/bench_plan.c $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -Isrc -o $@ bench/bench_plan.c $(LIB) $(LDLIBS)

bench: $(BUILD)/bench-plan
