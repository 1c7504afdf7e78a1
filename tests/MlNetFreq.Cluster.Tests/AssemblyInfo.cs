// In-process clusters are heavy (three silos each) and some tests set process-wide environment variables: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
