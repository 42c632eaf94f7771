namespace Operator.Testing;
