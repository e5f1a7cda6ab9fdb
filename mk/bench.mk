# The planner benchmark binary (links the library; see scripts/bench.py).
$(BUILD)/bench-plan: bench/bench_plan.c $(LIB)
	$(CC) $(CFLAGS) -Isrc -o $@ bench/bench_plan.c $(LIB) $(LDSAN) $(LDLIBS)

bench: $(BUILD)/bench-plan
