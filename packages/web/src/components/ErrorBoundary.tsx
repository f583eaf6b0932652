import { Alert, Button } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message ("the Results panel"). */
  what: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps a rendering bug in one part of a screen from blanking the whole app: the part shows a
 * readable error with a retry, the rest keeps working.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Careweave: ${this.props.what} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <Alert color="red" variant="light" role="alert" title={`Could not show ${this.props.what}`}>
          {this.state.error.message}
          <Button
            size="compact-xs"
            variant="default"
            ml="sm"
            onClick={() => this.setState({ error: null })}
          >
            Try again
          </Button>
        </Alert>
      );
    }
    return this.props.children;
  }
}
